// The legal module's pure rules: NDA and SIRET checks, VAT numbers and rates, the lines printed on documents.
#include <gtest/gtest.h>

#include "platform/core/text.hpp"
#include "trainings/legal/service.hpp"

using namespace trame::legal;

TEST(LegalRules, NdaIsElevenDigitsAndMatchesItsRegion) {
  EXPECT_EQ(digits_of("93 13 19858 13"), "93131985813");
  EXPECT_EQ(digits_of("93.13.19858.13"), "93131985813");
  EXPECT_TRUE(valid_nda(digits_of("93 13 19858 13")));
  EXPECT_FALSE(valid_nda("9313198581"));    // 10 digits
  EXPECT_FALSE(valid_nda("931319858133"));  // 12 digits
  EXPECT_FALSE(valid_nda(digits_of("93 13 A9858 13")));
  EXPECT_FALSE(valid_nda(""));
  EXPECT_TRUE(nda_matches_region("93131985813", "provence_alpes_cote_d_azur"));
  EXPECT_FALSE(nda_matches_region("93131985813", "pays_de_la_loire"));
  EXPECT_TRUE(nda_matches_region("52440812344", "pays_de_la_loire"));
  EXPECT_FALSE(nda_matches_region("52440812344", "nowhere"));
  EXPECT_EQ(format_nda("93131985813"), "93 13 19858 13");
}

TEST(LegalRules, SiretIsFourteenDigitsWithLuhn) {
  EXPECT_TRUE(trame::valid_siret(digits_of("889 269 676 00033")));  // Sagiterre (seed 003)
  EXPECT_TRUE(trame::valid_siret("22440002800003"));
  EXPECT_FALSE(trame::valid_siret("88926967600034"));  // one digit changed: the key fails
  EXPECT_FALSE(trame::valid_siret("8892696760003"));   // 13 digits
  EXPECT_EQ(format_siret("88926967600033"), "889 269 676 00033");
}

TEST(LegalRules, VatNumbersAndRates) {
  // FR key = (12 + 3 × (SIREN mod 97)) mod 97: 889269676 mod 97 = 60 → 95.
  EXPECT_EQ(normalise_vat_number("fr 95 889 269 676"), "FR95889269676");
  EXPECT_TRUE(valid_vat_number("FR95889269676"));
  EXPECT_FALSE(valid_vat_number("FR40889269676"));
  EXPECT_FALSE(valid_vat_number("FR3988926967"));
  EXPECT_TRUE(valid_vat_number("DE123456789"));
  EXPECT_FALSE(valid_vat_number("123456789"));
  EXPECT_EQ(vat_siren("FR95889269676"), "889269676");
  EXPECT_EQ(parse_vat_rate("20"), 200);
  EXPECT_EQ(parse_vat_rate("5,5"), 55);
  EXPECT_EQ(parse_vat_rate("2.1 %"), 21);
  EXPECT_EQ(parse_vat_rate("0"), -1);
  EXPECT_EQ(parse_vat_rate("120"), -1);
  EXPECT_EQ(parse_vat_rate("vingt"), -1);
  EXPECT_EQ(format_rate(55), "5,5 %");
  EXPECT_EQ(format_rate(200), "20 %");
}

TEST(LegalRules, DaysBetween) {
  EXPECT_EQ(days_between("2027-01-01", "2027-03-02"), 60);
  EXPECT_EQ(days_between("2027-03-30", "2027-03-28"), -2);  // across the change to summer time too
  EXPECT_EQ(days_between("2027-03-27", "2027-03-29"), 2);
}

TEST(LegalDocumentLines, PrintsEveryMention) {
  LegalData d;
  d.organisation_name = "Sagiterre";
  d.address = "Cité des associations, 93 la Canebière, 13001 Marseille";
  d.siret = "88926967600033";
  d.nda_number = "93131985813";
  d.nda_region = "provence_alpes_cote_d_azur";
  d.qualiopi_number = "QUA-1";
  d.qualiopi_certifier = "Certificateur";
  d.qualiopi_valid_until = "2028-01-01";
  d.qualiopi_categories = {"actions_formation"};
  d.vat_exempt = true;
  d.legal_mentions = "Association loi 1901\n\nCapital : néant";
  auto lines = document_lines(d);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], "Sagiterre — Cité des associations, 93 la Canebière, 13001 Marseille");
  EXPECT_EQ(lines[1], "SIRET : 889 269 676 00033");
  EXPECT_EQ(lines[2],
            "Déclaration d'activité enregistrée sous le numéro 93 13 19858 13 auprès du préfet de région "
            "Provence-Alpes-Côte d'Azur. Cet enregistrement ne vaut pas agrément de l'État.");
  EXPECT_EQ(lines[3],
            "Certifié Qualiopi — certificat n° QUA-1 délivré par Certificateur au titre de la catégorie : actions de "
            "formation");
  EXPECT_EQ(lines[4], "TVA non applicable, article 261-4-4° a du CGI");
  EXPECT_EQ(lines[5], "Association loi 1901");
  EXPECT_EQ(lines[6], "Capital : néant");
  EXPECT_EQ(vat_mention(d), "TVA non applicable, article 261-4-4° a du CGI");

  d.vat_exempt = false;
  d.vat_number = "FR95889269676";
  d.vat_rate_per_mille = 200;
  d.qualiopi_categories = {"actions_formation", "bilans"};
  d.legal_mentions.clear();
  lines = document_lines(d);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_NE(lines[3].find("au titre des catégories : actions de formation, bilans de compétences"), std::string::npos);
  EXPECT_EQ(lines[4], "N° de TVA intracommunautaire : FR95889269676 — TVA au taux de 20 %");
  EXPECT_EQ(vat_mention(d), "");

  LegalData empty;
  empty.organisation_name = "Sans mentions";
  empty.vat_exempt = false;
  EXPECT_EQ(document_lines(empty), std::vector<std::string>{"Sans mentions"});
}
