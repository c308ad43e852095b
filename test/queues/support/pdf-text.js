// Prints the text of the PDF given on stdin, extracted with pdf-parse. Run as a plain node process:
// pdf.js loads its worker by dynamic import, which jest's module sandbox does not allow.
'use strict';
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    process.stdout.write((await parser.getText()).text);
  } finally {
    await parser.destroy();
  }
});
