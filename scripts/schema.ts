/**
 * `npm run schema`: writes docs/run-config.schema.json from the TypeBox definition
 * (src/config/run-config-schema.ts), for editors (VS Code: "$schema" or json.schemas) and other tools.
 * test/config/run-config-schema.test.ts fails when the committed file is out of date.
 */
import * as fs from 'fs';
import * as path from 'path';
import { publishedSchema } from '../src';

const file = path.join(__dirname, '..', 'docs', 'run-config.schema.json');
fs.writeFileSync(file, publishedSchema());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
