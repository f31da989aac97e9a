import { WORKER_FACTORIES } from '../start/workers';
import { ROLE_WORKERS } from './role-workers';
import { ROLES } from './role.definitions';

describe('roles and `okapi start`', () => {
  it('runs, across the role processes, exactly the workers `okapi start` runs in one', () => {
    const byRoles = ROLES.flatMap((r) => ROLE_WORKERS[r.name]);
    expect(new Set(byRoles).size).toBe(byRoles.length); // each worker in one role only
    expect(new Set(byRoles)).toEqual(new Set(WORKER_FACTORIES));
  });

  it('has a worker table entry for every role and a role for every entry', () => {
    expect(Object.keys(ROLE_WORKERS).sort()).toEqual(ROLES.map((r) => r.name).sort());
  });
});
