"""The one-pass ranking for SQLite (see home/search_backend.py).

Imported only on SQLite: modelsearch's SQLite module defines its index models, which exist
only where that backend is in use.
"""

from django.db.models import Case, TextField, When
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class RankedOnceQueryCompiler(SQLiteSearchQueryCompiler):
    def ranked(self, config):
        """Primary keys of the eligible matches, best first (ties: newest first, as the
        backend does). Kept on the compiler, which a results object's slices share: the
        count and the page of results come from this one query."""
        if getattr(self, "_ranked", None) is None:
            search_query = self.build_search_query(normalize(self.query), config=config)
            eligible = (
                self.queryset.order_by().annotate(_key=Cast("pk", TextField())).values("_key")
            )
            rows = (
                SQLiteFTSIndexEntry.objects.filter(
                    MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
                )
                .filter(
                    index_entry__content_type__in=get_descendants_content_types_pks(
                        self.queryset.model
                    ),
                    index_entry__object_id__in=eligible,
                )
                .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
                .values_list("index_entry__object_id", "score")
            )
            scores = {}
            for key, score in rows:
                scores[key] = min(score, scores.get(key, score))
            pk = self.queryset.model._meta.pk
            newest_first = sorted((pk.to_python(key) for key in scores), reverse=True)
            self._ranked = sorted(newest_first, key=lambda value: scores[str(value)])
        return self._ranked

    def ranks_once(self, score_field):
        query = normalize(self.query)
        return (
            self.order_by_relevance
            and score_field is None
            and not isinstance(query, (MatchAll, Not))
        )

    def search(self, config, start, stop, score_field=None):
        if not self.ranks_once(score_field):
            return super().search(config, start, stop, score_field=score_field)
        chosen = self.ranked(config)[start:stop]
        if not chosen:
            return self.queryset.none()
        order = Case(*(When(pk=value, then=rank) for rank, value in enumerate(chosen)))
        return self.queryset.filter(pk__in=chosen).order_by(order)


class RankedOnceSearchResults(SQLiteSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if not compiler.ranks_once(self._score_field):
            return super()._do_count()
        ranked = compiler.ranked(compiler.get_config(self.backend))
        return len(ranked[self.start : self.stop])


class RankedOnceSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedOnceQueryCompiler
    results_class = RankedOnceSearchResults
