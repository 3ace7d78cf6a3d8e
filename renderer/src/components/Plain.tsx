import { splitTerms } from '../lib/glossary';

/** Engine text with its technical terms explained on hover (a dotted underline marks them). */
export function Plain({ text }: { text: string }) {
  return (
    <>
      {splitTerms(text).map((p, i) =>
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
