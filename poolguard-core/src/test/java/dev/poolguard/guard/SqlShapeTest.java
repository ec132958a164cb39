package dev.poolguard.guard;

import dev.poolguard.internal.sql.SqlShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A corpus of real-looking queries: calls that differ only in values must share one fingerprint. */
class SqlShapeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        select * from calls where call_sid = 'CA123'                        | select * from calls where call_sid = ?
        SELECT *   FROM calls WHERE call_sid = $1                            | select * from calls where call_sid = ?
        select * from calls where call_sid = ?                               | select * from calls where call_sid = ?
        select id from leads where id in (1, 2, 3)                           | select id from leads where id in (...)
        select id from leads where id in (?, ?, ?, ?)                        | select id from leads where id in (...)
        select id from leads where id in (?)                                 | select id from leads where id in (...)
        insert into t (a, b) values (1, 'x'), (2, 'y'), (3, 'z')             | insert into t (a, b) values (...)
        insert into t (a, b) values (?, ?)                                   | insert into t (a, b) values (...)
        update calls set status = 'completed', duration = 42 where id = 7    | update calls set status = ?, duration = ? where id = ?
        select * from t where note = 'it''s' and n > -5.5e3                  | select * from t where note = ? and n > -?
        select * from t where x = E'a\\'b'                                   | select * from t where x = ?
        select $$raw $text$$ as body                                         | select ? as body
        select "Weird Col" from "Table1" where id = 10                       | select "Weird Col" from "Table1" where id = ?
        select * from t -- trailing comment                                  | select * from t
        /* leading */ select 1                                               | select ?
        select * from t where t.col2 = 3                                     | select * from t where t.col2 = ?
        select * from t limit 10;                                            | select * from t limit ?
        """)
    void fingerprintsGroupCallsThatDifferOnlyInValues(String sql, String expected) {
        assertThat(SqlShape.fingerprint(sql)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bounded={1}")
    @CsvSource(delimiter = '|', textBlock = """
        select * from calls                                       | false
        select * from calls where campaign_id = ?                 | false
        select * from calls order by id limit 50                  | true
        select * from calls offset 10 rows fetch first 10 rows only | true
        select * from calls fetch next 5 rows only                | true
        select limited from t                                     | false
        """)
    void knowsWhichStatementsLimitTheirRows(String sql, boolean bounded) {
        assertThat(SqlShape.of(sql).bounded()).isEqualTo(bounded);
    }
}
