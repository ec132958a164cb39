package org.tracker.reports;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

/** Sends a report as a mail attachment: a DataSource here is javax.mail's, not JDBC. */
public class ReportMailer {

    public MimeMultipart attach(byte[] content, String fileName) throws MessagingException {
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(content, "application/pdf"))); // ok
        attachment.setFileName(fileName);
        MimeMultipart multipart = new MimeMultipart();
        multipart.addBodyPart(attachment);
        return multipart;
    }
}
