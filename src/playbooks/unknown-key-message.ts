import { closestName } from '../config/closest-name';

/** "unknown key; did you mean X? (allowed: …)", shared by the playbook schema and action inputs. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const hint = closestName(key, allowed, Math.max(2, Math.ceil(key.length / 3)));
  return `unknown key${hint ? `; did you mean ${hint}?` : ''} (allowed: ${allowed.join(', ')})`;
}
