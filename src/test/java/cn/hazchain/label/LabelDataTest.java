package cn.hazchain.label;

import static cn.hazchain.label.LabelFixtures.wasteOil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelDataTest {

    private static final LabelData OIL = wasteOil(1);

    @Test
    void codeAndCategory_comeFromTheLabelId() {
        assertEquals("900-249-08", OIL.wasteCode());
        assertEquals("HW08", OIL.category());
        assertEquals(LabelSize.SMALL, OIL.size());
    }

    @Test
    void text_isTrimmed_andInnerWhitespaceCollapsed() {
        LabelData d = with("  废矿物油 \n 桶  ", OIL.contactPhone(), OIL.hazards(), OIL.weightKg());
        assertEquals("废矿物油 桶", d.wasteName());
    }

    @Test
    void tooLongText_isRejected_sayingHowMuchFits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> with("废".repeat(LabelData.MAX_WASTE_NAME + 1), OIL.contactPhone(), OIL.hazards(), OIL.weightKg()));
        assertTrue(e.getMessage().contains("废物名称") && e.getMessage().contains("room for " + LabelData.MAX_WASTE_NAME), e.getMessage());
    }

    @Test
    void phone_mustLookLikeOne() {
        assertEquals("0510-86123456转8001", with("废矿物油", "0510-86123456转8001", OIL.hazards(), null).contactPhone());
        assertThrows(IllegalArgumentException.class, () -> with("废矿物油", "请致电办公室", OIL.hazards(), null));
    }

    @Test
    void hazards_areRequired_andDeduplicated() {
        assertThrows(IllegalArgumentException.class, () -> with("废矿物油", OIL.contactPhone(), List.of(), null));
        assertEquals(List.of(Hazard.T, Hazard.I), with("废矿物油", OIL.contactPhone(), List.of(Hazard.T, Hazard.I, Hazard.T), null).hazards());
        assertEquals(List.of(Hazard.T, Hazard.C, Hazard.I, Hazard.R, Hazard.IN), Hazard.parseList("T/C/I/R/In"));
        assertEquals(List.of(Hazard.C, Hazard.T), Hazard.parseList("C,T"));
    }

    @Test
    void weight_isPrintedPlainly_orLeftToWriteIn() {
        assertEquals("18.5 kg", OIL.weightText());
        assertEquals("120 kg", with("废矿物油", OIL.contactPhone(), OIL.hazards(), new BigDecimal("120.000")).weightText());
        assertTrue(with("废矿物油", OIL.contactPhone(), OIL.hazards(), null).weightText().matches("_+ kg"));
        assertThrows(IllegalArgumentException.class, () -> with("废矿物油", OIL.contactPhone(), OIL.hazards(), BigDecimal.ZERO));
    }

    @Test
    void labelSize_followsHj1276VolumeBands() {
        assertEquals(LabelSize.SMALL, LabelSize.forVolume(50));
        assertEquals(LabelSize.MEDIUM, LabelSize.forVolume(50.01));
        assertEquals(LabelSize.MEDIUM, LabelSize.forVolume(449.9));
        assertEquals(LabelSize.LARGE, LabelSize.forVolume(450));
        assertThrows(IllegalArgumentException.class, () -> LabelSize.forVolume(0));
        assertThrows(IllegalArgumentException.class, () -> LabelSize.forVolume(Double.NaN));
    }

    private static LabelData with(String wasteName, String phone, List<Hazard> hazards, BigDecimal weight) {
        return new LabelData(OIL.labelId(), OIL.qrText(), wasteName, OIL.mainComponents(), hazards, OIL.physicalForm(),
                OIL.generationDate(), OIL.generatorName(), OIL.contactName(), phone, weight, OIL.containerLitres());
    }
}
