import { useId } from 'react';
import type { FixInfo, FixParams } from '../../../shared/model';
import { useApp } from '../store/context';

/**
 * The choices a fix takes (which disconnected session to log off), from what its check read. Changing one asks
 * for a new plan, so "What will change" always names the session Apply acts on.
 */
export function FixParamPicker({
  fix,
  params,
  disabled,
  planned,
}: {
  fix: FixInfo;
  params: FixParams;
  disabled: boolean;
  planned: boolean;
}) {
  const choose = useApp((s) => s.chooseFixParams);
  const baseId = useId();
  return (
    <>
      {(fix.parameters ?? []).map((p) => {
        const id = `${baseId}-${p.name}`;
        // The plan's default is the first option (the session disconnected longest). No plan without a pick (the
        // host gave no disconnect times): nothing is pre-selected, the technician must choose.
        const picked = params[p.name];
        const current = picked !== undefined ? String(picked) : planned ? String(p.options[0]?.value ?? '') : '';
        return (
          <p key={p.name} className="fix-param">
            <label className="field-label" htmlFor={id}>
              {p.label}
            </label>
            <select
              id={id}
              className="input"
              value={current}
              disabled={disabled}
              onChange={(e) => {
                const picked = p.options.find((o) => String(o.value) === e.target.value);
                if (picked) void choose({ ...params, [p.name]: picked.value });
              }}
            >
              {current === '' ? (
                <option value="" disabled>
                  Pick one
                </option>
              ) : null}
              {p.options.map((o) => (
                <option key={String(o.value)} value={String(o.value)}>
                  {o.label}
                </option>
              ))}
            </select>
          </p>
        );
      })}
    </>
  );
}
