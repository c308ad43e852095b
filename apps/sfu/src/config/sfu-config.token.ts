/** Nest injection token for the validated SfuConfig. */
export const SFU_CONFIG = Symbol('SFU_CONFIG');
