import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Link, useParams } from 'react-router';
import { IfsLimit, PART_ROLES, type Part, type PartsMap } from '../../domain/ifs.js';
import { ROLE_WORDS } from '../features/self-care/ifs-words.js';
import { useIfsMutations, useMyIfs } from '../features/self-care/use-ifs.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { TextArea } from '../ui/text-area.js';
import { TextField } from '../ui/text-field.js';

/**
 * A part on the map is reached with Tab. Preact, which the browser runs in place of React (decision
 * 0051), writes `tabIndex` on an SVG element as it is spelled, and an SVG element's attributes are
 * case-sensitive, so the attribute is written here by its real name.
 */
const focusable = (node: SVGGElement | null) => void node?.setAttribute('tabindex', '0');

/** A parts map: the member's parts, named in their words, arranged on a map (by pointer or by arrow keys). */
export function PartsMapPage() {
  return <RequireViewer>{() => <PartsMapLoader />}</RequireViewer>;
}

function PartsMapLoader() {
  const t = useT();
  const { itemId = '' } = useParams();
  const items = useMyIfs();
  if (items.isPending) return <p role="status">{t('ifs.loading')}</p>;
  if (items.isError) return <p role="alert">{items.error.message}</p>;
  const item = items.data.items.find((i) => i.id === itemId);
  if (!item || item.kind !== 'partsMap')
    return (
      <>
        <h1>{t('ifs.kind.partsMap')}</h1>
        <p>{t('ifs.notFound')}</p>
        <Link to="/reflect">{t('ifs.back')}</Link>
      </>
    );
  return <PartsMapEditor id={item.id} start={item.content} />;
}

const STEP = 5;
const clamp = (v: number) => Math.min(IfsLimit.position.max, Math.max(IfsLimit.position.min, Math.round(v)));

function PartsMapEditor({ id, start }: { id: string; start: PartsMap }) {
  const t = useT();
  usePageTitle(t('ifs.kind.partsMap'));
  const { save } = useIfsMutations();
  const [parts, setParts] = useState<Part[]>(start.parts);
  const [status, setStatus] = useState('');
  const [dragging, setDragging] = useState<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const first = useRef(true);
  const unnamed = parts.some((p) => !p.name.trim());

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A part without a name cannot be saved: the page says so below, and saves once it has one.
    if (unnamed) return;
    const timer = setTimeout(
      () =>
        save.mutate(
          { id, input: { kind: 'partsMap', content: { parts } } },
          {
            onSuccess: () => setStatus(t('ifs.saved')),
            onError: (error) => setStatus(`${t('ifs.notSaved')} ${error.message}`),
          },
        ),
      700,
    );
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parts]);

  const change = (partId: string, values: Partial<Part>) => {
    setStatus('');
    setParts((all) => all.map((p) => (p.id === partId ? { ...p, ...values } : p)));
  };

  const add = () =>
    setParts((all) => [
      ...all,
      {
        id: crypto.getRandomValues(new Uint32Array(2)).join('-'),
        name: t('ifs.parts.newName', { number: all.length + 1 }),
        role: 'unsure',
        does: '',
        fears: '',
        needs: '',
        x: 10 + ((all.length * 17) % 80),
        y: 15 + ((all.length * 23) % 70),
      },
    ]);

  const onKey = (part: Part) => (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-STEP, 0],
      ArrowRight: [STEP, 0],
      ArrowUp: [0, -STEP],
      ArrowDown: [0, STEP],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const x = clamp(part.x + move[0]);
    const y = clamp(part.y + move[1]);
    change(part.id, { x, y });
    setStatus(t('ifs.parts.moved', { name: part.name, x, y }));
  };

  const toMap = (event: PointerEvent) => {
    const matrix = svg.current?.getScreenCTM();
    if (!matrix) return null;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: clamp(point.x), y: clamp(point.y) };
  };

  return (
    <>
      <h1>{t('ifs.kind.partsMap')}</h1>
      <p className="lead">{t('ifs.about.partsMap')}</p>
      <p className="notice">{t('ifs.notTherapy')}</p>
      <p id="map-help">{t('ifs.parts.mapHelp')}</p>
      <svg
        ref={svg}
        className="parts-map"
        viewBox="-5 -5 110 110"
        role="group"
        aria-label={t('ifs.parts.mapLabel', { count: parts.length })}
        aria-describedby="map-help"
        onPointerMove={(e) => {
          if (!dragging) return;
          const at = toMap(e);
          if (at) change(dragging, at);
        }}
        onPointerUp={() => setDragging(null)}
        onPointerLeave={() => setDragging(null)}
      >
        <rect x="-5" y="-5" width="110" height="110" className="parts-map__ground" />
        {parts.map((part) => (
          <g
            key={part.id}
            role="button"
            ref={focusable}
            aria-label={t('ifs.parts.onMap', { name: part.name, role: t(ROLE_WORDS[part.role]), x: part.x, y: part.y })}
            aria-roledescription={t('ifs.parts.movable')}
            className={`parts-map__part parts-map__part--${part.role}`}
            transform={`translate(${part.x} ${part.y})`}
            onKeyDown={onKey(part)}
            onPointerDown={(e) => {
              (e.target as Element).setPointerCapture?.(e.pointerId);
              setDragging(part.id);
            }}
          >
            <circle r="7" />
            <text y="11" textAnchor="middle">
              {part.name.length > 14 ? `${part.name.slice(0, 13)}…` : part.name}
            </text>
          </g>
        ))}
      </svg>
      <p role="status" className="muted">
        {unnamed ? t('ifs.parts.nameToSave') : save.isPending ? t('ifs.saving') : status}
      </p>
      <h2>{t('ifs.parts.listHeading')}</h2>
      {parts.length === 0 && <p>{t('ifs.parts.none')}</p>}
      {parts.map((part, i) => (
        <fieldset key={part.id} className="card">
          <legend>{part.name || t('ifs.parts.newName', { number: i + 1 })}</legend>
          <TextField
            name={`parts.${i}.name`}
            label={t('ifs.parts.name')}
            maxLength={IfsLimit.partName}
            value={part.name}
            onChange={(e) => change(part.id, { name: e.target.value })}
          />
          <div className="field">
            <label htmlFor={`part-${part.id}-role`}>{t('ifs.parts.role')}</label>
            <select
              id={`part-${part.id}-role`}
              value={part.role}
              onChange={(e) => change(part.id, { role: e.target.value as Part['role'] })}
            >
              {PART_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(ROLE_WORDS[role])}
                </option>
              ))}
            </select>
          </div>
          {(['does', 'fears', 'needs'] as const).map((field) => (
            <TextArea
              key={field}
              name={`parts.${i}.${field}`}
              label={t(`ifs.parts.${field}`)}
              rows={2}
              maxLength={IfsLimit.partText}
              value={part[field]}
              onChange={(e) => change(part.id, { [field]: e.target.value })}
            />
          ))}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setParts((all) => all.filter((p) => p.id !== part.id))}
          >
            {t('ifs.parts.remove', { name: part.name })}
          </button>
        </fieldset>
      ))}
      <div className="actions">
        {parts.length < IfsLimit.parts && (
          <button type="button" className="button" onClick={add}>
            {t('ifs.parts.add')}
          </button>
        )}
        <Link className="button button--quiet" to="/reflect">
          {t('ifs.back')}
        </Link>
      </div>
    </>
  );
}
