/* An empty translation unit: the worker's optional static library (libmediasoup-worker, not built by
 * default) link_whole()s each subproject's static library; with system libraries there is nothing to
 * bundle, so each wrapper exposes an empty archive built from this file. */
int kohtaamo_mediasoup_empty_archive_placeholder(void);
