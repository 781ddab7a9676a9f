package dev.asyncinspect.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values as one line a programmer reads: small ones whole, a framework object's deep graph cut short. */
class ValueTextTest {

    @Test
    void smallValuesAreWhole() {
        Value order = new Value.Composite("dev.shop.Order", List.of(
                new Value.NamedValue("id", new Value.Primitive("int", "7")),
                new Value.NamedValue("items", new Value.Sequence("java.util.ArrayList", 5,
                        List.of(new Value.Text("book", false), new Value.Text("lamp", false))))));
        assertThat(ValueText.of(order)).isEqualTo("Order(id=7, items=ArrayList[\"book\", \"lamp\", …] (5))");
    }

    @Test
    void anonymousClassesKeepTheirEnclosingNames() {
        assertThat(ValueText.simple("dev.shop.BridgesKt$tick$3")).isEqualTo("BridgesKt$tick$3");
        assertThat(ValueText.simple("dev.shop.Checkout$1")).isEqualTo("Checkout$1");
        assertThat(ValueText.simple("dev.shop.Checkout$Order")).isEqualTo("Order");
        assertThat(ValueText.simple("dev.shop.Checkout$$Lambda$1127/0x00007f31d45a5fd0")).isEqualTo("Checkout$$Lambda");
        assertThat(ValueText.simple("dev.shop.Checkout$$Lambda/0x00000000730aa418")).isEqualTo("Checkout$$Lambda");
    }

    @Test
    void deepGraphsAreCutAtTheBudget() {
        Value value = new Value.Primitive("int", "1");
        for (int depth = 0; depth < 6; depth++) {
            List<Value.NamedValue> fields = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fields.add(new Value.NamedValue("field" + i, value));
            }
            value = new Value.Composite("io.netty.Context" + depth, fields);
        }
        String text = ValueText.of(value);
        assertThat(text).startsWith("Context5(field0=Context4(field0=").containsPattern("… 19 more\\)$").endsWith(")");
        assertThat(text.length()).isLessThan(ValueText.MAX_LENGTH + 200);
    }
}
