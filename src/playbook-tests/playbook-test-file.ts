import type { z } from 'zod';
import type { playbookTestFileSchema } from './playbook-test-file-schema';

/** A parsed `*.test.yaml` file (durations in ms, defaults filled in). */
export type PlaybookTestFile = z.output<typeof playbookTestFileSchema>;
