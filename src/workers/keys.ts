// A Worker's keys: the public keys of CACHET_JWKS, and the card and receipt signers its secrets
// hold (verification needs no private key), imported once per isolate.
import {
  CachetError,
  importKeyring,
  importSigner,
  SigningKeys,
  type Keyring,
  type Signer,
} from '../core/index.js';
import type { WorkerConfig } from '../config.js';

/** A signer from a secret's private JWK, checked to be for `purpose`; null when unset. */
async function secretSigner(
  jwk: unknown,
  keyring: Keyring,
  purpose: 'card' | 'receipt',
): Promise<Signer | null> {
  if (jwk === undefined) return null;
  const signer = await importSigner(jwk, keyring);
  if (signer.key.purpose !== purpose) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      `the ${purpose} secret holds a ${signer.key.purpose} key`,
    );
  }
  return signer;
}

/** The keyring and the signers of a Worker's settings. */
export async function importWorkerKeys(
  config: Pick<WorkerConfig, 'jwks' | 'signingJwk' | 'receiptJwk'>,
): Promise<{ keyring: Keyring; signers: SigningKeys; receiptSigner: Signer | null }> {
  const keyring = await importKeyring(config.jwks);
  const signer = await secretSigner(config.signingJwk, keyring, 'card');
  return {
    keyring,
    signers: new SigningKeys(signer ? [signer] : []),
    receiptSigner: await secretSigner(config.receiptJwk, keyring, 'receipt'),
  };
}
