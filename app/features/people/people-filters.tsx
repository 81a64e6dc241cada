import { ROLE_LABELS, ROLES } from '../../../domain/roles.js';
import { PEOPLE_SORTS, type PeopleFilter } from './people-filter.js';

const ROLE_CHOICES = [['all', 'Every role'], ...ROLES.map((r) => [r, ROLE_LABELS[r]])] as Array<
  [PeopleFilter['role'], string]
>;
const STATUS_CHOICES: Array<[PeopleFilter['status'], string]> = [
  ['all', 'Active and disabled'],
  ['active', 'Active'],
  ['disabled', 'Disabled'],
];
const SORT_CHOICES = Object.entries(PEOPLE_SORTS) as Array<[PeopleFilter['sort'], string]>;

/** Search, role, status and order for the list of people; each change shows at once. */
export function PeopleFilters({ filter, onChange }: { filter: PeopleFilter; onChange(next: PeopleFilter): void }) {
  return (
    <search className="filters" aria-label="Find people">
      <div className="field">
        <label htmlFor="people-query">Name or e-mail</label>
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
        label="Role to show"
        value={filter.role}
        choices={ROLE_CHOICES}
        onChange={(role) => onChange({ ...filter, role })}
      />
      <Choice
        id="people-status"
        label="Status to show"
        value={filter.status}
        choices={STATUS_CHOICES}
        onChange={(status) => onChange({ ...filter, status })}
      />
      <Choice
        id="people-sort"
        label="Order"
        value={filter.sort}
        choices={SORT_CHOICES}
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
