import 'reflect-metadata';
import { buildOpenApiDocument } from '../openapi.document';

/** Prints the API's OpenAPI document (JSON) without a database or a running server: `npm run api:types` uses it. */
buildOpenApiDocument()
  .then((doc) => {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  })
  .catch((e: unknown) => {
    console.error('openapi: could not build the document:', e);
    process.exit(1);
  });
