package org.hoverla.testdata;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

/**
 * Prints one line at the end of a module's tests when some were skipped for want of the real
 * test data, with how many and how to get it, so a missing data set is never silent. Registered
 * with the JUnit Platform through {@code META-INF/services} wherever test-support is on the test
 * class path.
 */
public final class TestDataSkipReport implements TestExecutionListener {
    private final AtomicInteger skipped = new AtomicInteger();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skipped.set(0);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED || !isMissingData(result)) {
            return;
        }
        // A container aborted before its tests ran (e.g. in @BeforeAll) skips all of them.
        long tests = id.isTest() ? 1 : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
        skipped.addAndGet((int) Math.max(1, tests));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        int n = skipped.get();
        if (n > 0) {
            System.out.println(line(n, Path.of("").toAbsolutePath().getFileName().toString(), TestData.set().directory(),
                    TestData.howToGet(TestData.repositoryRoot())));
        }
    }

    /** The report line, e.g. {@code [test data] 12 tests skipped in mission: no real test data at /w/shared/data; ...}. */
    static String line(int skipped, String module, Path directory, String howToGet) {
        return "[test data] " + skipped + (skipped == 1 ? " test" : " tests") + " skipped in " + module
                + ": no real test data at " + directory + "; " + howToGet;
    }

    private static boolean isMissingData(TestExecutionResult result) {
        return result.getThrowable()
                .filter(t -> t instanceof TestAbortedException)
                .map(Throwable::getMessage)
                .filter(m -> m.startsWith(TestDataSet.SKIP_PREFIX))
                .isPresent();
    }
}
