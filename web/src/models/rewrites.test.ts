import { describe, expect, it } from 'vitest';
import { reversedNat, rewriteBadgeClass, rewriteLabel, rewriteName } from './rewrites';

describe('rewrite names', () => {
  it('rewriteName_conntracksReversalOnAReply_unSnatAndUnDnat_otherKindsAsSent', () => {
    expect(rewriteName('UN_SNAT')).toBe('un-SNAT');
    expect(rewriteName('UN_DNAT')).toBe('un-DNAT');
    expect(rewriteName('DNAT')).toBe('DNAT');
    expect(rewriteLabel({ kind: 'ENCAP', vni: 4097 })).toBe('ENCAP 4097');
    expect(rewriteLabel({ kind: 'UN_DNAT', vni: 0 })).toBe('un-DNAT');
  });

  it('rewriteBadgeClass_andReversedNat_sayWhatIsUndone', () => {
    expect(rewriteBadgeClass('UN_SNAT')).toBe('badge badge-un-snat');
    expect(rewriteBadgeClass('SNAT')).toBe('badge badge-snat');
    expect(reversedNat('UN_SNAT')).toBe("reverse of the request's SNAT");
    expect(reversedNat('SNAT')).toBeNull();
  });
});
