import { ROLES } from '../../../domain/roles.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { labelKey } from '../../i18n/labels.js';
import { useT } from '../../i18n/use-t.js';
import { PEOPLE_SORTS, type PeopleFilter, type PeopleSort } from './people-filter.js';

const STATUS_WORDS: Record<PeopleFilter['status'], MessageKey> = {
  all: 'peopleFilters.statusAll',
  active: 'peopleFilters.statusActive',
  disabled: 'peopleFilters.statusDisabled',
};
const SORT_WORDS: Record<PeopleSort, MessageKey> = {
  name: 'peopleFilters.sortName',
  newest: 'peopleFilters.sortNewest',
  role: 'peopleFilters.sortRole',
};

/** Search, role, status and order for the list of people; each change shows at once. */
export function PeopleFilters({ filter, onChange }: { filter: PeopleFilter; onChange(next: PeopleFilter): void }) {
  const t = useT();
  const roleChoices: Array<[PeopleFilter['role'], string]> = [
    ['all', t('peopleFilters.roleAll')],
    ...ROLES.map((r): [PeopleFilter['role'], string] => [r, t(labelKey('role', r))]),
  ];
  const statusChoices = (Object.keys(STATUS_WORDS) as Array<PeopleFilter['status']>).map(
    (s): [PeopleFilter['status'], string] => [s, t(STATUS_WORDS[s])],
  );
  const sortChoices = PEOPLE_SORTS.map((s): [PeopleSort, string] => [s, t(SORT_WORDS[s])]);
  return (
    <search className="filters" aria-label={t('peopleFilters.label')}>
      <div className="field">
        <label htmlFor="people-query">{t('peopleFilters.query')}</label>
        <input
          id="people-query"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={filter.query}
          onChange={(e) => onChange({ ...filter, query: e.target.value })}
        />
      </div>
      <Choice
        id="people-role"
        label={t('peopleFilters.role')}
        value={filter.role}
        choices={roleChoices}
        onChange={(role) => onChange({ ...filter, role })}
      />
      <Choice
        id="people-status"
        label={t('peopleFilters.status')}
        value={filter.status}
        choices={statusChoices}
        onChange={(status) => onChange({ ...filter, status })}
      />
      <Choice
        id="people-sort"
        label={t('peopleFilters.sort')}
        value={filter.sort}
        choices={sortChoices}
        onChange={(sort) => onChange({ ...filter, sort })}
      />
    </search>
  );
}

function Choice<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  choices: Array<[T, string]>;
  onChange(value: T): void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.choices.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
