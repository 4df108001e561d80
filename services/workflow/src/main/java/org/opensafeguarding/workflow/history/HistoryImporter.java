package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditEntry;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.RegimeProperties;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.lado.KcsieEditions;
import org.opensafeguarding.workflow.notices.NcmdProperties;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.tenancy.TenancyProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The history import (docs/import.md): a CSV file of one case type becomes closed cases with their real dates,
 * outcomes and categories, no process instance, and the case events a live case would have emitted, dated by the
 * row and marked imported. All or nothing: every row and cell is checked first, and a file with any fault imports
 * nothing and names every fault; the writing is one transaction with its audit rows.
 */
@Service
public class HistoryImporter {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** Who runs the import, for the audit trail: a staff id or the operator command, never a name. */
    public record Importer(String actor, Set<String> roles, String clientId) {
    }

    /**
     * @param importId      the import's record, null when nothing was written (dry run, or every row already imported)
     * @param skippedLines  lines whose source reference was imported before with the same content
     */
    public record Result(String importId, String importType, String tenant, boolean dryRun, int rows, int imported,
                         int skipped, List<Long> skippedLines) {
    }

    private record Checked(HistoricalCase historical, long line, String rowHash) {
    }

    private final Map<ImportType, HistoryFormat> formats = new EnumMap<>(ImportType.class);
    private final CaseRepository cases;
    private final CaseEvents events;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Set<String> knownTenants;

    public HistoryImporter(CaseRepository cases, CaseEvents events, AuditLog audit, JdbcClient jdbc,
                           TransactionTemplate transactions, Clock clock, RegimeProperties regimeProperties,
                           KcsieEditions editions, Tenancy tenancy, TenancyProperties tenancyProperties,
                           NcmdProperties ncmd, @Value("${safeguarding.intake.default-tenant:default}") String defaultTenant) {
        this.cases = cases;
        this.events = events;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        RegimeSelector regimes = new RegimeSelector(regimeProperties);
        for (HistoryFormat f : List.of(new LadoHistoryFormat(regimes, editions, tenancy),
                new ChildDeathHistoryFormat(regimes, ncmd), new CaseReviewHistoryFormat(regimes, tenancy))) {
            formats.put(f.type(), f);
        }
        Set<String> known = new TreeSet<>(tenancyProperties.tenants().keySet());
        known.add(defaultTenant);
        this.knownTenants = Set.copyOf(known);
    }

    /** The columns of a format, for the documentation test. */
    public List<Column> columns(ImportType type) {
        return formats.get(type).columns();
    }

    public boolean knownTenant(String tenant) {
        return knownTenants.contains(tenant);
    }

    /**
     * @param tenant the partnership the import is for (the caller's own); every row must name it
     * @param dryRun check everything, including repeats, and write nothing but the audit row
     * @throws HistoryImportRejectedException with every fault, when anything is wrong; nothing was written
     */
    public Result importFile(ImportType type, byte[] csv, String tenant, Importer importer, boolean dryRun) {
        try {
            return check(type, csv, tenant, importer, dryRun);
        } catch (HistoryImportRejectedException e) {
            // the refusal is audited on its own, as intake's are: which rules failed, never a value
            transactions.executeWithoutResult(status -> audit.record(entry(importer, AuditAction.REFUSED,
                    "history-import", sha256(csv), knownTenant(tenant) ? tenant : null).withDetail(refusal(type, e))));
            throw e;
        }
    }

    private static Map<String, Object> refusal(ImportType type, HistoryImportRejectedException e) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("importType", type.path());
        detail.put("faults", e.violations().size());
        detail.put("rules", new TreeSet<>(e.violations().stream().map(HistoryViolation::rule).toList()));
        return detail;
    }

    private Result check(ImportType type, byte[] csv, String tenant, Importer importer, boolean dryRun) {
        if (!knownTenant(tenant)) {
            throw new HistoryImportRejectedException(List.of(new HistoryViolation(0, "tenant", "known-tenant",
                    "The import's tenant is not a partnership this service knows (safeguarding.tenancy.tenants).")));
        }
        HistoryFormat format = formats.get(type);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, LONDON);
        HistoryCsv.Parsed parsed = HistoryCsv.parse(csv, format.columns());
        List<HistoryViolation> violations = new ArrayList<>(parsed.violations());
        List<Checked> checked = new ArrayList<>();
        Map<String, Long> firstLineOf = new HashMap<>();
        for (HistoryCsv.Row row : parsed.rows()) {
            RowReader reader = new RowReader(row, today);
            HistoricalCase historical = format.read(reader, tenant, now);
            if (historical != null) {
                Long earlier = firstLineOf.putIfAbsent(historical.reference(), row.line());
                if (earlier != null) {
                    reader.fault(HistoryFormat.SOURCE_REFERENCE.name(), "unique-reference",
                            "Repeats the source_reference of line " + earlier + "; each case is one row.");
                } else {
                    checked.add(new Checked(historical, row.line(), rowHash(format, row)));
                }
            }
            violations.addAll(reader.violations());
        }
        if (!violations.isEmpty()) {
            throw new HistoryImportRejectedException(sorted(violations));
        }
        return transactions.execute(status -> write(type, tenant, importer, dryRun, csv, checked, now));
    }

    private Result write(ImportType type, String tenant, Importer importer, boolean dryRun, byte[] csv,
                         List<Checked> rows, Instant now) {
        Map<String, String> existing = existingHashes(type, tenant, rows);
        List<HistoryViolation> violations = new ArrayList<>();
        List<Checked> fresh = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        for (Checked row : rows) {
            String before = existing.get(row.historical().reference());
            if (before == null) {
                fresh.add(row);
            } else if (before.equals(row.rowHash())) {
                skipped.add(row.line());
            } else {
                violations.add(new HistoryViolation(row.line(), HistoryFormat.SOURCE_REFERENCE.name(),
                        "imported-differently", "A case with this source_reference was imported before with other "
                        + "values; an import never changes an imported case."));
            }
        }
        if (!violations.isEmpty()) {
            throw new HistoryImportRejectedException(violations);
        }
        String fileHash = sha256(csv);
        if (dryRun || fresh.isEmpty()) {
            Map<String, Object> detail = summary(type, fileHash, rows.size(), 0, skipped.size());
            detail.put("dryRun", dryRun);
            audit.record(entry(importer, dryRun ? AuditAction.READ : AuditAction.REPLAY, "history-import", fileHash,
                    tenant).withDetail(detail));
            return new Result(null, type.path(), tenant, dryRun, rows.size(), dryRun ? fresh.size() : 0,
                    skipped.size(), skipped);
        }
        UUID importId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO history_import (id, tenant, import_type, actor, file_sha256, row_count, imported, skipped,
                                            imported_at)
                VALUES (:id, :tenant, :type, :actor, :sha, :rows, :imported, :skipped, :at)
                """)
                .param("id", importId).param("tenant", tenant).param("type", type.path())
                .param("actor", importer.actor()).param("sha", fileHash).param("rows", rows.size())
                .param("imported", fresh.size()).param("skipped", skipped.size()).param("at", Timestamp.from(now))
                .update();
        for (Checked row : fresh) {
            CaseId caseId = writeCase(type, row, importId);
            audit.record(entry(importer, AuditAction.CREATE, "case", caseId.toString(), tenant).withDetail(Map.of(
                    "change", "imported", "importId", importId.toString(), "importType", type.path(),
                    "line", row.line(), "processVersion", row.historical().regime().processVersion())));
        }
        audit.record(entry(importer, AuditAction.CREATE, "history-import", importId.toString(), tenant)
                .withDetail(summary(type, fileHash, rows.size(), fresh.size(), skipped.size())));
        return new Result(importId.toString(), type.path(), tenant, false, rows.size(), fresh.size(), skipped.size(),
                skipped);
    }

    private CaseId writeCase(ImportType type, Checked row, UUID importId) {
        HistoricalCase h = row.historical();
        CaseId caseId = new CaseId(UUID.randomUUID());
        Instant openedAt = startOf(h.openedOn());
        cases.insert(new CaseRecord(caseId, type.caseType(), h.regime().processId(), h.regime().processVersion(),
                h.tenant(), CaseStatus.OPEN, h.triggerDate(), null, openedAt, null));
        jdbc.sql("""
                INSERT INTO case_import (tenant, case_type, source_reference, case_id, import_id, row_sha256)
                VALUES (:tenant, :caseType, :reference, :caseId, :importId, :sha)
                """)
                .param("tenant", h.tenant()).param("caseType", type.caseType().name())
                .param("reference", h.reference()).param("caseId", caseId.value()).param("importId", importId)
                .param("sha", row.rowHash())
                .update();
        events.imported(h.openedOn()).caseOpened(caseId, h.referralKind(), "IMPORT", h.ageBand(), h.categories());

        List<HistoricalCase.Step> steps = new ArrayList<>(h.steps());
        for (HistoricalDeadline d : h.deadlines()) {
            recordDeadline(caseId, d);
            LocalDate setOn = d.clockStart().atZone(LONDON).toLocalDate();
            steps.add(new HistoricalCase.Step(setOn, (e, id) -> e.deadlineSet(id, d.timescaleId(), d.dueOn())));
            steps.add(d.met()
                    ? new HistoricalCase.Step(d.stoppedOn(), (e, id) -> e.deadlineMet(id, d.timescaleId(), d.dueOn()))
                    : new HistoricalCase.Step(d.breachedOn(), (e, id) -> e.deadlineBreached(id, d.timescaleId(), d.dueOn())));
        }
        if (h.lado() != null) {
            recordLadoOutcome(caseId, h, openedAt);
        }
        // in the order of their days (a stable sort keeps a day's events in the order a live case writes them), and
        // never before the case opened: a clock that started earlier (LA aware before the referral) was set at opening
        steps.sort(Comparator.comparing(HistoricalCase.Step::on));
        for (HistoricalCase.Step step : steps) {
            LocalDate on = step.on().isBefore(h.openedOn()) ? h.openedOn() : step.on();
            step.writer().write(events.imported(on), caseId);
        }
        cases.closeIfOpen(caseId, startOf(h.closedOn()), h.closureReason());
        events.imported(h.closedOn()).caseClosed(caseId, h.closureReason());
        return caseId;
    }

    private void recordDeadline(CaseId caseId, HistoricalDeadline d) {
        jdbc.sql("""
                INSERT INTO case_deadline (case_id, timescale_id, variable, clock_start, due_at, status, set_at,
                                           resolved_at)
                VALUES (:caseId, :timescale, :variable, :clockStart, :dueAt, :status, :clockStart, :resolvedAt)
                """)
                .param("caseId", caseId.value()).param("timescale", d.timescaleId())
                .param("variable", "due" + d.timescaleId()).param("clockStart", Timestamp.from(d.clockStart()))
                .param("dueAt", Timestamp.from(d.due().toInstant())).param("status", d.met() ? "MET" : "BREACHED")
                .param("resolvedAt", Timestamp.from(d.met() ? startOf(d.stoppedOn()) : d.due().toInstant()))
                .update();
    }

    private void recordLadoOutcome(CaseId caseId, HistoricalCase h, Instant pinnedAt) {
        HistoricalCase.LadoOutcome o = h.lado();
        jdbc.sql("""
                INSERT INTO lado_case (case_id, kcsie_edition, pinned_at, finding, disposal, refer_dbs, refer_tra,
                                       refer_regulator, refer_ofsted, outcome_at)
                VALUES (:caseId, :edition, :pinnedAt, :finding, :disposal, :dbs, :tra, :regulator, :ofsted, :outcomeAt)
                """)
                .param("caseId", caseId.value()).param("edition", o.kcsieEdition())
                .param("pinnedAt", Timestamp.from(pinnedAt)).param("finding", o.finding())
                .param("disposal", o.disposal()).param("dbs", o.referrals().get("dbs"))
                .param("tra", o.referrals().get("tra")).param("regulator", o.referrals().get("regulator"))
                .param("ofsted", o.referrals().get("ofsted"))
                .param("outcomeAt", o.outcomeOn() == null ? null : Timestamp.from(startOf(o.outcomeOn())))
                .update();
    }

    private Map<String, String> existingHashes(ImportType type, String tenant, List<Checked> rows) {
        Map<String, String> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        String[] references = rows.stream().map(r -> r.historical().reference()).toArray(String[]::new);
        jdbc.sql("""
                SELECT source_reference, row_sha256 FROM case_import
                WHERE tenant = :tenant AND case_type = :caseType AND source_reference = ANY (:references)
                """)
                .param("tenant", tenant).param("caseType", type.caseType().name()).param("references", references)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static AuditEntry entry(Importer importer, AuditAction action, String type, String id, String tenant) {
        return AuditEntry.of(importer.actor(), action, type, id).withRoles(importer.roles())
                .withClientId(importer.clientId()).withTenant(tenant);
    }

    private static Map<String, Object> summary(ImportType type, String fileHash, int rows, int imported, int skipped) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("importType", type.path());
        detail.put("fileSha256", fileHash);
        detail.put("rows", rows);
        detail.put("imported", imported);
        detail.put("skipped", skipped);
        return detail;
    }

    /** The row's cells in the format's column order, so a file with its columns reordered hashes the same. */
    private static String rowHash(HistoryFormat format, HistoryCsv.Row row) {
        StringBuilder canonical = new StringBuilder();
        for (Column c : format.columns()) {
            canonical.append(c.name()).append('=').append(row.values().getOrDefault(c.name(), "")).append('\n');
        }
        return sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<HistoryViolation> sorted(List<HistoryViolation> violations) {
        List<HistoryViolation> out = new ArrayList<>(violations);
        out.sort(Comparator.comparingLong(HistoryViolation::line));
        return out;
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(LONDON).toInstant();
    }
}
