"""A learned similarity over the frozen encoders for the sentence ranker (an experiment, not adopted).

    python -m newsqa.eval.experiments.sentence_adapter    # ~6 min (collect ~1 min, then torch)

The sentence ranker reads each encoder's cosine similarity of question and sentence as they come.
This fits, on the answerable tuning questions of both suites, a similarity of their own over the
stored vectors (both encoders side by side, 512 + 384 dimensions): per question, a softmax over its
candidate sentences with the sentences that hold the answer as the target, for

- ``cosines``: one weight per encoder's cosine (the baseline: what the two similarities can do alone);
- ``diagonal``: plus a learned weight per dimension (``q · diag(w) · s``, L2 penalty ``decay``);
- ``low rank``: plus ``(Uᵀq) · (Vᵀs)`` of rank 16 or 64 (L2 penalty ``decay``).

Each is scored by the share of questions whose best sentence under it holds the answer, out of fold
(grouped 5-fold cross-validation inside tuning: a seeds fact or an XQuAD paragraph with its questions
in every language never straddles folds), and, for the record, on validation with the model fitted
on all of tuning.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SETTINGS: tuple[tuple[str, int, float], ...] = (
    ("cosines", 0, 0.0),
    ("diagonal", -1, 1e-2),
    ("diagonal", -1, 1e-3),
    ("diagonal", -1, 1e-4),
    ("low rank", 16, 1e-3),
    ("low rank", 16, 1e-2),
    ("low rank", 64, 1e-2),
)
EPOCHS = 200
LEARNING_RATE = 0.005


def collect() -> list[dict[str, Any]]:
    """The answerable questions as ``ask`` reads them: question vector, candidate sentence vectors, labels."""
    from newsqa.eval.metrics import holds_evidence
    from newsqa.eval.suites import in_process
    from newsqa.qa.pipeline import read

    records = []
    for suite, engine, q, history in in_process("the sentence-adapter experiment"):
        reading = read(engine, q["question"], history, engine.settings.top_k)
        if not q["doc_ids"] or not reading.scored:
            continue
        snap = engine.snapshot
        chunks = [snap.chunks[snap.positions[c]] for c in dict.fromkeys(s.hit.chunk_id for s in reading.scored)]
        vectors = {(r.chunk_id, r.start): v for r, v in engine.chunk_sentences(chunks)}
        records.append(
            {
                "suite": suite.name,
                "split": q["split"],
                "group": suite.fold_group(q),
                "question": np.concatenate([engine.query_vector(i, q["question"]) for i in range(2)]),
                "sentences": np.stack([vectors[(s.hit.chunk_id, s.start)] for s in reading.scored]),
                "labels": [
                    float(holds_evidence(s.hit.doc_id, s.text, q["doc_ids"], q["evidence"])) for s in reading.scored
                ],
                "first_dim": engine.embedders[0].dim,
            }
        )
    return records


def main() -> None:
    import torch
    from sklearn.model_selection import GroupKFold

    torch.manual_seed(0)
    records = collect()
    first = records[0]["first_dim"]
    width = records[0]["question"].size

    def pad(group: list[dict[str, Any]]) -> tuple[torch.Tensor, ...]:
        most = max(len(r["labels"]) for r in group)
        s = np.zeros((len(group), most, width), np.float32)
        labels, mask = np.zeros((len(group), most), np.float32), np.zeros((len(group), most), bool)
        for i, r in enumerate(group):
            n = len(r["labels"])
            s[i, :n], labels[i, :n], mask[i, :n] = r["sentences"], r["labels"], True
        q = torch.tensor(np.stack([r["question"] for r in group]).astype(np.float32))
        return q, torch.tensor(s), torch.tensor(labels), torch.tensor(mask)

    class Similarity(torch.nn.Module):
        def __init__(self, rank: int) -> None:
            super().__init__()
            self.rank = rank
            self.cosine = torch.nn.Parameter(torch.tensor([5.0, 5.0]))
            self.extra = torch.nn.ParameterList()
            if rank == -1:
                self.extra.append(torch.nn.Parameter(torch.zeros(width)))
            elif rank:
                self.extra.extend(torch.nn.Parameter(torch.randn(width, rank) * 0.01) for _ in range(2))

        def forward(self, q: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
            out = self.cosine[0] * torch.einsum("nd,nmd->nm", q[:, :first], s[:, :, :first])
            out = out + self.cosine[1] * torch.einsum("nd,nmd->nm", q[:, first:], s[:, :, first:])
            if self.rank == -1:
                out = out + torch.einsum("nd,nmd->nm", q * self.extra[0], s)
            elif self.rank:
                out = out + torch.einsum("nr,nmr->nm", q @ self.extra[0], s @ self.extra[1])
            return out

    def train(group: list[dict[str, Any]], rank: int, decay: float) -> Similarity:
        q, s, labels, mask = pad([r for r in group if sum(r["labels"])])
        model = Similarity(rank)
        optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
        for _ in range(EPOCHS):
            optimiser.zero_grad()
            log_p = torch.log_softmax(model(q, s).masked_fill(~mask, -1e9), 1)
            loss = -torch.logsumexp(log_p.masked_fill(labels <= 0, -1e9), 1).mean()
            loss = loss + decay * sum((p**2).sum() for p in model.extra)
            loss.backward()
            optimiser.step()
        return model

    def top1(model: Similarity, group: list[dict[str, Any]]) -> dict[int, float]:
        q, s, labels, mask = pad(group)
        with torch.no_grad():
            best = model(q, s).masked_fill(~mask, -1e9).argmax(1)
        return {id(r): float(labels[i, best[i]]) for i, r in enumerate(group)}

    def figures(hits: dict[int, float], group: list[dict[str, Any]]) -> str:
        return ", ".join(
            f"{suite} {np.mean([hits[id(r)] for r in group if r['suite'] == suite]):.3f}"
            for suite in ("seeds", "xquad")
        )

    tuning = [r for r in records if r["split"] == "tuning"]
    validation = [r for r in records if r["split"] == "validation"]
    folds = list(GroupKFold(n_splits=5).split(tuning, groups=[r["group"] for r in tuning]))
    for name, rank, decay in SETTINGS:
        held: dict[int, float] = {}
        for train_rows, test_rows in folds:
            model = train([tuning[i] for i in train_rows], rank, decay)
            held.update(top1(model, [tuning[i] for i in test_rows]))
        model = train(tuning, rank, decay)
        print(
            f"{name} (rank {rank}, decay {decay}): tuning out of fold {figures(held, tuning)}; "
            f"validation {figures(top1(model, validation), validation)}"
        )


if __name__ == "__main__":
    main()
