import { splitTerms } from '../lib/glossary';
import { withCheckTitles } from '../lib/fix-choice';
import { useApp } from '../store/context';

/**
 * Engine text with its technical terms explained on hover (a dotted underline marks them); internal check ids
 * ("see host.machinekeys") read as the checks' titles.
 */
export function Plain({ text }: { text: string }) {
  const findings = useApp((s) => s.diagnosis?.findings);
  return (
    <>
      {splitTerms(findings ? withCheckTitles(text, findings) : text).map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <abbr key={i} className="term" title={p.meaning}>
            {p.text}
          </abbr>
        ),
      )}
    </>
  );
}
