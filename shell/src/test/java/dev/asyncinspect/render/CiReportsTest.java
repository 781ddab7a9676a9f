package dev.asyncinspect.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Frame;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The CI formats hold whatever a report says: an XML parser reads the JUnit report back, GitHub's escapes hold. */
class CiReportsTest {

    private static final String REPORT = "Found test stuck at:\n  ShopTest.pays  (pid 7, running for at least 31 s)\n"
            + "    note = \"<b>&100%, a:b\"\u0001\n";
    private static final CiReports.Failure FAILURE = new CiReports.Failure("dev.shop.ShopTest", "pays", REPORT,
            new Frame("dev.shop.ShopTest.pays", "ShopTest.java", 31, List.of(), null));

    @Test
    void junitXmlParsesBackWithTheReportAsItsText() throws Exception {
        StringWriter xml = new StringWriter();
        CiReports.junitXml(List.of(FAILURE), new PrintWriter(xml, true));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var testcase = (org.w3c.dom.Element) document.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("classname")).isEqualTo("dev.shop.ShopTest");
        assertThat(testcase.getAttribute("name")).isEqualTo("pays");
        var failure = (org.w3c.dom.Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("ShopTest.pays  (pid 7, running for at least 31 s)");
        assertThat(failure.getTextContent()).contains("note = \"<b>&100%, a:b\"").doesNotContain("\u0001");
    }

    @Test
    void githubAnnotationIsOneLineWithItsPropertiesEscaped() {
        String annotation = CiReports.githubAnnotation(FAILURE);
        assertThat(annotation).doesNotContain("\n")
                .startsWith("::error file=ShopTest.java,line=31,title=hung%3A dev.shop.ShopTest.pays::Found test stuck at:%0A")
                .contains("&100%25, a:b");
    }
}
