"""The most common words of the articles' languages (French and English): data only.

A spelling made only of these words matches nearly every article, so "Tag every mention"
would mark thousands of passages that are not the actor (`services.registry` asks for an
editor). The lists are short on purpose: function words and the commonest verbs and
adverbs, written as people type them (accents, apostrophes); callers fold them with
`normalization.normalize_name` before comparing.
"""

FRENCH = """
a à afin ai aie aient ait alors as au aucun aussi autre autres aux avait avaient avant
avec avez avoir avons bien c ça car ce ceci cela celle celles celui cependant ces cet
cette ceux chaque chez ci comme comment d dans de des deux devant doit donc dont du elle
elles en encore entre est et étaient était été être eu eux fait faire fois font grand
hors ici il ils j je jusqu l la là le les leur leurs lui m ma mais me même mêmes mes moi
moins mon n ne ni nos notre nous on ont ou où par parce pas peu peut plus pour pourquoi
qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses si sien son sont
sous sur t ta te tes toi ton tous tout toute toutes très tu un une vers voici voilà vos
votre vous y déjà dit deux trois an ans année jour
"""

ENGLISH = """
a about after again against all also am an and any are as at be because been before
being between both but by can could did do does doing down during each few for from
further had has have having he her here hers him his how i if in into is it its itself
just me more most my no nor not now of off on once only or other our ours out over own
said same she should so some such than that the their theirs them then there these they
this those through to too under until up very was we were what when where which while
who whom why will with would you your yours new one two year years people time
"""

COMMON_WORDS = {"fr": frozenset(FRENCH.split()), "en": frozenset(ENGLISH.split())}
