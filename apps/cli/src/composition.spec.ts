import { workerFactories } from './composition';
import { ROLES } from './roles/role-definitions';

describe('composition: roles and `okapi start`', () => {
  const all = workerFactories(ROLES.map((r) => r.name));

  it('runs, across the role processes, exactly the workers `okapi start` runs in one', () => {
    const byRoles = ROLES.flatMap((r) => workerFactories([r.name]));
    expect(new Set(byRoles).size).toBe(byRoles.length); // each worker in one role only
    expect(new Set(byRoles)).toEqual(new Set(all));
  });

  it('gives every role but the API a worker, and the API none', () => {
    for (const role of ROLES) expect(workerFactories([role.name]).length).toBe(role.name === 'api' ? 0 : 1);
  });
});
