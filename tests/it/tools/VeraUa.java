// Validates PDF files against PDF/UA-1 with the veraPDF validation library.
//
//   java -cp <verapdf jar>:<jaxb jars> VeraUa.java FILE.pdf...
//
// Prints one line per file, `compliant FILE` or `non-compliant FILE`, followed by the rules it
// fails (clause-test: message, once per rule); exits 1 when any file is not compliant.
import java.io.FileInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

public class VeraUa {
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        int failing = 0;
        for (String path : args) {
            try (FileInputStream in = new FileInputStream(path);
                 PDFAParser parser = Foundries.defaultInstance().createParser(in, PDFAFlavour.PDFUA_1)) {
                PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFUA_1, false);
                ValidationResult result = validator.validate(parser);
                if (result.isCompliant()) {
                    System.out.println("compliant " + path);
                    continue;
                }
                failing++;
                System.out.println("non-compliant " + path);
                Map<String, String> rules = new LinkedHashMap<>();
                for (TestAssertion assertion : result.getTestAssertions()) {
                    if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                        String rule = assertion.getRuleId().getClause() + "-" + assertion.getRuleId().getTestNumber();
                        rules.putIfAbsent(rule, assertion.getMessage());
                    }
                }
                rules.forEach((rule, message) -> System.out.println("  " + rule + ": " + message));
            }
        }
        System.exit(failing == 0 ? 0 : 1);
    }
}
