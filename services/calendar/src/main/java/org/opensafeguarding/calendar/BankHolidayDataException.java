package org.opensafeguarding.calendar;

/**
 * A bank-holiday file could not be used. The message names the source and the offending entry so an
 * operator can fix the file without reading code.
 */
public class BankHolidayDataException extends RuntimeException {

    public BankHolidayDataException(String message) {
        super(message);
    }

    public BankHolidayDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
