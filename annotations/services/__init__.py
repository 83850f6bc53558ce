"""Writes: every change Newsroom makes to its data goes through one of these modules.

Import the module you need (`from annotations.services import review`), never a name
from this package: it re-exports nothing.

- `names`: rows known by a folded name (outlets, themes, actors, spellings): find, add.
- `changes`: the one rule for changing an annotation (who may, version, review, history).
- `registry`: themes, actors and their spellings; renaming, merging, importing a registry.
- `review`: approving, rejecting and reopening quotes; the step back to review.
- `dossiers`: named sets of articles, who may change them, the record of their changes.
- `highlights`: an analyst's highlights: create, edit, re-place, delete; who may.
- `articles`: outlets, storing an article, correcting an article's text.
- `restore`: a backup's annotations recreated on an imported article.
- `imports`: importing many articles (command line, import page) and import batches.
- `mentions`: accepting or dismissing suggested mentions; tagging every mention.
- `users`: a user with a role.

A module may import the modules listed above it, never one below it, so there are no
import cycles (`changes`, `dossiers` and `users` import none of them).

Service functions (a subject and a verb: `article_create`, `annotation_review`) take
keyword arguments only; what each checks (permission, transaction) its module says.
The few helpers shared between modules (`names.find`, `highlights.place`, the
`highlights.can_*` predicates) take positional ones.
"""
