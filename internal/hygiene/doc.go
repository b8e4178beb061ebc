// Package hygiene holds the repository-wide checks that belong to no one
// package. It has no code of its own; its tests are the checks:
//
//   - every docs/… reference in the code (and in README.md) names a file
//     that exists, and an anchor that exists in it, and every link between
//     the documents in docs/ lands on an anchor that exists
//     (TestDocsReferencesResolve);
//   - comments cite the protocol by its place in docs/ (docs/protocol.md),
//     never by a document outside the repository
//     (TestProtocolCitationsPointIntoDocs);
//   - the version has one source, web/npm/package.json, and the Makefile
//     and the built loader agree with it (TestVersionHasOneSource).
//
// Anchors are GitHub's: a heading's slug, or an explicit <a id="…">.
package hygiene
