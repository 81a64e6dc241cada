import { ROLE_LABELS, ROLES } from '../../../domain/roles.js';
import { PEOPLE_SORTS, type PeopleFilter, type PeopleSort } from './people-filter.js';

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
      <div className="field">
        <label htmlFor="people-role">Role</label>
        <select
          id="people-role"
          value={filter.role}
          onChange={(e) => onChange({ ...filter, role: e.target.value as PeopleFilter['role'] })}
        >
          <option value="all">Every role</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="people-status">Status</label>
        <select
          id="people-status"
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: e.target.value as PeopleFilter['status'] })}
        >
          <option value="all">Active and disabled</option>
          <option value="active">Active</option>
          <option value="disabled">Disabled</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="people-sort">Order</label>
        <select
          id="people-sort"
          value={filter.sort}
          onChange={(e) => onChange({ ...filter, sort: e.target.value as PeopleSort })}
        >
          {Object.entries(PEOPLE_SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </search>
  );
}
