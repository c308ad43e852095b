import { execFile } from 'node:child_process';
import path from 'node:path';

/** The text of a PDF as pdf-parse extracts it (in a plain node process: see pdf-text.js). */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'pdf-text.js')], { maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pdf-parse failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
    child.stdin!.end(pdf);
  });
}
