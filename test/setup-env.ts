import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Quiet logs in tests unless asked for (LOG_LEVEL=debug npm test).
process.env.LOG_LEVEL ??= 'silent';

// Files the service writes under DATA_DIR (held mails in DATA_DIR/mail) go to a folder of this test file's own,
// never into the ./.data of whoever runs the tests.
process.env.DATA_DIR ??= mkdtempSync(join(tmpdir(), 'survey-waves-test-data-'));
