import type { Change } from '../../../shared/model';
import { formatValue } from '../lib/words';

/** Before and after values of a fix, in the dialog (a preview) and in the history (what was done). */
export function ChangesTable({
  changes,
  caption,
  captionHidden = false,
  columns,
}: {
  changes: Change[];
  caption: string;
  captionHidden?: boolean;
  columns: [before: string, after: string];
}) {
  return (
    <div className="table-wrap">
      <table className="changes">
        <caption className={captionHidden ? 'sr-only' : undefined}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            <tr key={i}>
              <th scope="row">{c.what}</th>
              <td>
                <code>{formatValue(c.before)}</code>
              </td>
              <td>
                <code>{formatValue(c.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
