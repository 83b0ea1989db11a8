/**
 * Deliberate disagreements with nats-server 2.9.10, each with its reason. Keyed by the case name
 * the harness prints (`nats-server-embedded/<package>/<file>.conf`, `fixtures/syntax/<file>.conf`).
 *
 * Only for the corpus of embedded test texts; the project's own fixtures and the nats-server
 * corpus must agree 100%. An entry here must say why matching 2.9.10 would be wrong for users
 * (for example a 2.9.10 bug that later releases fixed). Entries that no longer disagree are
 * reported so the list stays honest.
 */
export const DELIBERATE_EXCEPTIONS: Readonly<Record<string, string>> = Object.freeze({
  // none yet
});
