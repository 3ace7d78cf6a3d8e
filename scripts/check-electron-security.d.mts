export interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
}
export function stripComments(text: string): string;
export function cspProblems(policy: string): string[];
export function metaCsp(html: string): string | null;
export function scanTree(root: string): { findings: Finding[]; files: number };
