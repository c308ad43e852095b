import { PERMISSIONS, RESOURCES, ROLES, roleAllows, rolesAllow, staffRoles } from './access';

describe('permission table', () => {
  it('names only known resources and actions', () => {
    for (const role of ROLES) for (const r of Object.keys(PERMISSIONS[role])) expect(RESOURCES).toContain(r);
  });
  it('keeps client data from the admin and from guests', () => {
    for (const role of ['admin', 'external_guest', 'family_member'] as const) {
      for (const resource of ['client', 'consent', 'request'] as const) expect(roleAllows(role, resource, 'read')).toBe(false);
    }
  });
  it('lets only the admin read the access log, and only chairs triage', () => {
    expect(ROLES.filter((r) => roleAllows(r, 'access_log', 'read'))).toEqual(['admin']);
    expect(ROLES.filter((r) => roleAllows(r, 'request', 'triage'))).toEqual(['chair']);
  });
  it('adds up staff roles', () => {
    expect(staffRoles({ systemRole: 'staff', memberOfTeam: false, chairsTeam: false })).toEqual(['requester']);
    const chair = staffRoles({ systemRole: 'coordinator', memberOfTeam: true, chairsTeam: true });
    expect(chair).toEqual(['requester', 'team_member', 'chair', 'coordinator']);
    expect(rolesAllow(chair, 'request', 'triage')).toBe(true);
    expect(rolesAllow(['requester'], 'request', 'triage')).toBe(false);
    expect(staffRoles({ systemRole: 'admin', memberOfTeam: true, chairsTeam: true })).toEqual(['admin']);
  });
});
