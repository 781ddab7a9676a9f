package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON snapshot's schema, as shipped in the exports jar; a dump a script reads must match it. */
final class SnapshotSchema {

    private static final Schema SCHEMA = load();

    private SnapshotSchema() {}

    private static Schema load() {
        try (InputStream in = SnapshotSchema.class.getResourceAsStream("/dev/asyncinspect/export/snapshot.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param what names the dump in a failure */
    static void assertValid(String what, String json) {
        // Formats (takenAt's date-time) are only annotations in 2020-12 unless asked for.
        List<Error> errors = SCHEMA.validate(json, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        assertThat(errors).as("%s does not match snapshot.schema.json", what).isEmpty();
    }
}
