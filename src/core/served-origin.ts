// Where a running server says its cards point: the record the Node server notes beside its
// registry and the CLI reads back, so that both mint and accept the same origin.

/** Where a server last said its cards point, and the hosts it accepts as genuine. */
export interface ServedOrigin {
  origin: string;
  hosts: string[];
}
