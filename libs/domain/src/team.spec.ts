import { checkResponsiblePair } from './team';

describe('responsible pair', () => {
  it('is a physician and a nurse', () => {
    expect(() => checkResponsiblePair({ physicianProfession: 'physician', nurseProfession: 'public_health_nurse', validFrom: '2026-01-01', validTo: null })).not.toThrow();
    expect(() => checkResponsiblePair({ physicianProfession: 'psychologist', nurseProfession: 'nurse', validFrom: '2026-01-01', validTo: null })).toThrow(/physician/);
    expect(() => checkResponsiblePair({ physicianProfession: 'physician', nurseProfession: 'physician', validFrom: '2026-01-01', validTo: null })).toThrow(/nurse/);
  });
  it('is valid for a non-empty period', () => {
    expect(() => checkResponsiblePair({ physicianProfession: 'physician', nurseProfession: 'nurse', validFrom: '2026-02-01', validTo: '2026-01-01' })).toThrow(/validTo/);
  });
});
