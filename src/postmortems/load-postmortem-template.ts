import fs from 'node:fs';
import { ConfigError } from '../config/config-error';
import { unknownTemplateSections } from './build-postmortem';

/**
 * Reads MENDBOT_POSTMORTEM_TEMPLATE at start-up: an unreadable file or an unknown {{ placeholder }} is a
 * configuration error now, not a blank section in the first postmortem.
 */
export function loadPostmortemTemplate(file: string | undefined, readFile: (f: string) => string = (f) => fs.readFileSync(f, 'utf8')): string | undefined {
  if (!file) return undefined;
  let template: string;
  try {
    template = readFile(file);
  } catch (error) {
    throw new ConfigError([`MENDBOT_POSTMORTEM_TEMPLATE: cannot read ${file}: ${(error as Error).message}`]);
  }
  const unknown = unknownTemplateSections(template);
  if (unknown.length > 0) {
    throw new ConfigError([`MENDBOT_POSTMORTEM_TEMPLATE: unknown placeholders ${unknown.map((u) => `{{ ${u} }}`).join(', ')}`]);
  }
  return template;
}
