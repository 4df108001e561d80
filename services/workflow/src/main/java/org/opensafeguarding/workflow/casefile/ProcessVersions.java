package org.opensafeguarding.workflow.casefile;

/** Regime keys from DOMAIN §0, pinned on a case at creation and kept for life. */
public final class ProcessVersions {

    public static final String SCR_WT2013 = "SCR-WT2013";
    public static final String CSPR_WT2018 = "CSPR-WT2018";
    public static final String CDOP_LSCB = "CDOP-LSCB";
    public static final String CDR_2018 = "CDR-2018";
    public static final String LADO_WT2013 = "LADO-WT2013";
    public static final String LADO_WT2018 = "LADO-WT2018";

    private ProcessVersions() {
    }
}
