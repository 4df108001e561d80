package org.opensafeguarding.workflow.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows written through AuditLog (and by raw SQL) form one hash chain, also when many transactions write at once. */
class AuditChainTest {

    AuditTestDatabase db;

    @BeforeEach
    void freshDatabase() {
        db = AuditTestDatabase.migrated("audit_chain");
    }

    record Link(long id, OffsetDateTime occurredAt, String prevHash, String rowHash, String dbHash) {
    }

    private List<Link> chain() {
        return db.jdbc().sql("""
                        SELECT id, occurred_at, prev_hash, row_hash,
                               audit_row_hash(id, occurred_at, actor, action, resource_type, resource_id, detail, role,
                                              tenant, case_id, client_id, outcome, prev_hash) AS db_hash
                        FROM audit_log ORDER BY id""")
                .query((rs, n) -> new Link(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    @Test
    void everyRowLinksToTheOneBeforeItFromTheGenesisHash() {
        db.transactions().executeWithoutResult(s -> {
            db.audit().record("user:a", AuditAction.READ, "case_task", "1", Map.of("k", "v"));
            db.audit().record("user:a", AuditAction.UPDATE, "case_task", "1", null);
        });
        db.record("user:b", "2");

        List<Link> chain = chain();
        assertThat(chain).extracting(Link::id).containsExactly(1L, 2L, 3L);
        assertThat(chain.get(0).prevHash()).isEqualTo(AuditRowHash.GENESIS);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).prevHash()).isEqualTo(chain.get(i - 1).rowHash());
        }
        // the database's hash function and the verifier's Java agree on every row
        assertThat(chain).allSatisfy(l -> assertThat(l.rowHash()).isEqualTo(l.dbHash()).matches("[0-9a-f]{64}"));
        assertThat(db.verifier().verify()).isEqualTo(
                new AuditChainVerifier.Result(true, 3, null, null, null, 3L, chain.get(2).rowHash()));
        assertThat(db.owner().sql("SELECT last_id FROM audit_chain_head").query(Long.class).single()).isEqualTo(3L);
    }

    @Test
    void hashesHoldForAwkwardValues() {
        db.record(AuditEntry.of("user:zoë|1:", AuditAction.CREATE, "case", "|-|x")
                .withDetail(Map.of("text", "naïve \"quoted\" \u2603 \uD83D\uDE00", "n", 1.5, "nested", Map.of("b", List.of(1, 2))))
                .withRoles(List.of("Z_ROLE", "A_ROLE")).withTenant("t-1").withClientId("web").withCaseId(UUID.randomUUID()));
        db.record(AuditEntry.of("intake", AuditAction.REFUSED, "referral", "r"));

        assertThat(chain()).allSatisfy(l -> assertThat(l.rowHash()).isEqualTo(l.dbHash()));
        assertThat(db.verifier().verify().verified()).isTrue();
    }

    @Test
    void theCaseTenantAndOutcomeAreFilledIn() {
        UUID caseId = db.insertCase("north");
        UUID other = db.insertCase("south");
        UUID given = UUID.randomUUID();
        db.transactions().executeWithoutResult(s -> {
            db.audit().record("intake", AuditAction.CREATE, "case", caseId.toString(), Map.of("x", 1));
            db.audit().record("user:a", AuditAction.DENIED, "case_task", "42", Map.of("caseId", other.toString()));
            db.audit().record("user:a", AuditAction.READ, "case_task", "list", null);
            db.audit().record(AuditEntry.of("user:b", AuditAction.UPDATE, "case_file", caseId.toString())
                    .withCaseId(given).withTenant("east").withRoles(Set.of("LADO_OFFICER", "AUDITOR"))
                    .withClientId("tasklist-web").withOutcome(AuditOutcome.REFUSED));
        });

        List<Map<String, Object>> rows = db.jdbc().sql(
                "SELECT case_id, tenant, outcome, role, client_id FROM audit_log ORDER BY id").query().listOfRows();
        assertThat(rows.get(0)).containsEntry("case_id", caseId).containsEntry("tenant", "north")
                .containsEntry("outcome", "OK");
        assertThat(rows.get(1)).containsEntry("case_id", other).containsEntry("tenant", "south")
                .containsEntry("outcome", "DENIED");
        assertThat(rows.get(2)).containsEntry("case_id", null).containsEntry("tenant", null);
        assertThat(rows.get(3)).containsEntry("case_id", given).containsEntry("tenant", "east")
                .containsEntry("outcome", "REFUSED").containsEntry("role", "AUDITOR,LADO_OFFICER")
                .containsEntry("client_id", "tasklist-web");
    }

    @Test
    void rowsAreWrittenWhenTheTransactionCommitsAndNotAtAllWhenItRollsBack() {
        long seenInside = db.transactions().execute(s -> {
            db.audit().record("user:a", AuditAction.READ, "case_task", "1", null);
            return db.count();
        });
        assertThat(seenInside).isZero();
        assertThat(db.count()).isEqualTo(1);

        db.transactions().executeWithoutResult(s -> {
            db.audit().record("user:a", AuditAction.UPDATE, "case_task", "2", null);
            s.setRollbackOnly();
        });
        db.record("user:a", "3");

        assertThat(db.jdbc().sql("SELECT resource_id FROM audit_log ORDER BY id").query(String.class).list())
                .containsExactly("1", "3");
        // a rolled-back row leaves neither a gap nor a dangling link
        assertThat(chain()).extracting(Link::id).containsExactly(1L, 2L);
        assertThat(db.verifier().verify().verified()).isTrue();
    }

    @Test
    void badArgumentsFailAtOnceAndARowNeedsATransaction() {
        db.transactions().executeWithoutResult(s -> {
            assertThatThrownBy(() -> db.audit().record(null, AuditAction.READ, "case", "1", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
            assertThatThrownBy(() -> db.audit().record("a", AuditAction.READ, "case", "x".repeat(201), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resourceId");
        });
        assertThat(db.count()).isZero();
    }

    @Test
    void aRawInsertIsSealedByTheDatabaseWhateverItClaims() {
        db.record("user:a", "1");
        db.jdbc().sql("""
                INSERT INTO audit_log (id, occurred_at, actor, action, resource_type, resource_id, prev_hash, row_hash)
                VALUES (999, '2001-01-01T00:00:00Z', 'test', 'READ', 'case', 'c-1', repeat('a', 64), repeat('b', 64)),
                       (998, '2001-01-01T00:00:00Z', 'test', 'DENIED', 'case', 'c-2', repeat('a', 64), repeat('b', 64))
                """).update();

        List<Link> chain = chain();
        assertThat(chain).extracting(Link::id).containsExactly(1L, 2L, 3L);
        assertThat(chain.get(1).occurredAt()).isAfter(OffsetDateTime.parse("2020-01-01T00:00:00Z"));
        assertThat(chain.get(1).prevHash()).isEqualTo(chain.get(0).rowHash());
        assertThat(chain.get(2).prevHash()).isEqualTo(chain.get(1).rowHash());
        assertThat(db.jdbc().sql("SELECT outcome FROM audit_log WHERE id = 3").query(String.class).single())
                .isEqualTo("DENIED");
        assertThat(db.verifier().verify().verified()).isTrue();
    }

    @Test
    void manyConcurrentTransactionsMakeOneChainWithoutForks() throws Exception {
        int threads = 8;
        int transactionsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < transactionsEach; i++) {
                        int rows = 1 + (i % 3);
                        int n = i;
                        db.transactions().executeWithoutResult(s -> {
                            for (int r = 0; r < rows; r++) {
                                db.audit().record("user:t" + thread, AuditAction.READ, "case_task", n + "-" + r, null);
                            }
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        long expected = 0;
        for (int i = 0; i < transactionsEach; i++) {
            expected += threads * (1 + (i % 3));
        }
        List<Link> chain = chain();
        assertThat(chain).hasSize((int) expected);
        assertThat(chain).extracting(Link::id).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, expected).boxed().toList());
        assertThat(chain).extracting(Link::prevHash).doesNotHaveDuplicates();
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).prevHash()).as("row %d", chain.get(i).id()).isEqualTo(chain.get(i - 1).rowHash());
            // the rows of one transaction are written together under the lock, so time follows the chain
            assertThat(chain.get(i).occurredAt()).isAfterOrEqualTo(chain.get(i - 1).occurredAt());
        }
        AuditChainVerifier.Result result = db.verifier().verify();
        assertThat(result.verified()).isTrue();
        assertThat(result.rowsChecked()).isEqualTo(expected);
    }
}
