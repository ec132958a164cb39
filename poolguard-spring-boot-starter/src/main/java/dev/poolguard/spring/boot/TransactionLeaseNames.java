package dev.poolguard.spring.boot;

import dev.poolguard.Database;
import dev.poolguard.LeasedDataSource;
import dev.poolguard.guard.UnitOfWork;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Names a Spring transaction's lease after its {@code @Transactional} method and counts its statements as one unit of
 * work. Spring tells listeners a new transaction's name ({@code com.acme.OrderService.place}) before the transaction
 * manager borrows its connection, and ends it on the same thread. A name in a data-access framework's package
 * (Spring Data's repositories) is left out, so the stack names the application's caller instead. Spring Boot registers
 * {@code TransactionExecutionListener} beans with the transaction managers it auto-configures.
 */
public class TransactionLeaseNames implements TransactionExecutionListener {

    private final Database db;
    private final LeasedDataSource dataSource;
    private final ThreadLocal<Deque<Scope>> open = ThreadLocal.withInitial(ArrayDeque::new);

    public TransactionLeaseNames(Database db) {
        this.db = db;
        this.dataSource = db.dataSource();
    }

    @Override
    public void beforeBegin(TransactionExecution transaction) {
        String name = transaction.getTransactionName();
        boolean named = name != null && !name.isEmpty() && !framework(name);
        LeasedDataSource.Naming naming = named ? dataSource.nameBorrows(name) : null;
        UnitOfWork unitOfWork = db.unitOfWork("transaction " + (named ? name : "(unnamed)"));
        open.get().push(new Scope(transaction, naming, unitOfWork));
    }

    @Override
    public void afterBegin(TransactionExecution transaction, Throwable beginFailure) {
        if (beginFailure != null) {
            end(transaction);
        }
    }

    @Override
    public void afterCommit(TransactionExecution transaction, Throwable commitFailure) {
        end(transaction);
    }

    @Override
    public void afterRollback(TransactionExecution transaction, Throwable rollbackFailure) {
        end(transaction);
    }

    /**
     * Closes this transaction's scope, and any opened after it that were never ended (Spring calls exactly one of the
     * after-methods per begun transaction; this keeps a pooled thread from carrying a stale name if that ever fails).
     */
    private void end(TransactionExecution transaction) {
        Deque<Scope> scopes = open.get();
        if (scopes.stream().anyMatch(s -> s.transaction == transaction)) {
            Scope scope;
            do {
                scope = scopes.pop();
                scope.close();
            } while (scope.transaction != transaction);
        }
        if (scopes.isEmpty()) {
            open.remove();
        }
    }

    private boolean framework(String name) {
        for (String p : db.config().dataAccessPackages()) {
            if (p.endsWith(".") && name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private record Scope(TransactionExecution transaction, LeasedDataSource.Naming naming, UnitOfWork unitOfWork) {
        void close() {
            try {
                unitOfWork.close();
            } finally {
                if (naming != null) {
                    naming.close();
                }
            }
        }
    }
}
