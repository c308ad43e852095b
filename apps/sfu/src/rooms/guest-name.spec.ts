import { GUEST_NAME_MAX, guestDisplayName } from './guest-name';

describe('guestDisplayName: what the call shows for a guest', () => {
  it('the typed name with the invited one after it, so nobody passes for someone else', () => {
    expect(guestDisplayName('Lauri Rintala (lääkäri, Perhekeskus)', 'Päiväkodin opettaja')).toBe('Lauri Rintala (lääkäri, Perhekeskus) (Päiväkodin opettaja)');
    expect(guestDisplayName('Johan', 'Lärare Johan Berg')).toBe('Johan (Lärare Johan Berg)');
  });

  it('the typed name alone when it already holds the invited name (any case, any spacing)', () => {
    expect(guestDisplayName('  lärare   johan berg, Kristinestads skola ', 'Lärare Johan Berg')).toBe('lärare johan berg, Kristinestads skola');
    expect(guestDisplayName('Isä', 'isä')).toBe('Isä');
  });

  it('the invited name alone for nothing typed, a name over the limit, or an identifier in it', () => {
    expect(guestDisplayName(undefined, 'isä')).toBe('isä');
    expect(guestDisplayName('   ', 'isä')).toBe('isä');
    expect(guestDisplayName('x'.repeat(GUEST_NAME_MAX + 1), 'isä')).toBe('isä');
    expect(guestDisplayName('Matti 131052-308T', 'isä')).toBe('isä');
    expect(guestDisplayName('Matti, 040 123 4567', 'isä')).toBe('isä');
    expect(guestDisplayName('matti@example.fi', 'isä')).toBe('isä');
  });
});
