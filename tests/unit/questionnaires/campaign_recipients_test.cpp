// Recipients of a sending given as a CSV table: the address column, attribute columns whose headers
// become keys, and a refusal naming the line for anything wrong.
#include <gtest/gtest.h>

#include "questionnaires/campaigns/recipients.hpp"

using namespace trame::campaigns;

TEST(CampaignRecipients, KeysAreNormalisedHeaders) {
  EXPECT_EQ(attribute_key("Secteur"), "secteur");
  EXPECT_EQ(attribute_key("  Secteur d'activité "), "secteur_d_activite");
  EXPECT_EQ(attribute_key("Territoire (EPCI)"), "territoire_epci");
  EXPECT_EQ(attribute_key("Âge"), "age");
  EXPECT_EQ(attribute_key("---"), "");
}

TEST(CampaignRecipients, ReadsSemicolonTableWithAttributes) {
  TableError e;
  auto t = parse_recipient_table(
      "\xEF\xBB\xBF"
      "Courriel;Secteur;Territoire\r\nA@Example.org;Social;Nord\r\n\r\n"
      "b@example.org;;Sud\r\n",
      &e);
  ASSERT_TRUE(t) << e.key;
  EXPECT_EQ(t->keys, (std::vector<std::string>{"secteur", "territoire"}));
  EXPECT_EQ(t->labels, (std::vector<std::string>{"Secteur", "Territoire"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].email, "a@example.org");
  EXPECT_EQ(t->rows[0].attributes, R"({"secteur":"Social","territoire":"Nord"})");
  EXPECT_EQ(t->rows[1].line, 4u);
  EXPECT_EQ(t->rows[1].attributes, R"({"territoire":"Sud"})");  // an empty value is left out
  EXPECT_EQ(t->labels_json(), R"({"secteur":"Secteur","territoire":"Territoire"})");
}

TEST(CampaignRecipients, ReadsCommaTableAndQuotes) {
  TableError e;
  auto t = parse_recipient_table("email,Secteur\na@example.org,\"Culture, loisirs\"\n", &e);
  ASSERT_TRUE(t) << e.key;
  EXPECT_EQ(t->rows[0].attributes, R"({"secteur":"Culture, loisirs"})");
}

TEST(CampaignRecipients, ReadsCellsPastedFromASpreadsheet) {
  TableError e;
  auto t =
      parse_recipient_table("Courriel\tSecteur\r\na@example.org\tCulture \"jeune\"\r\n\r\nb@example.org\t\r\n", &e);
  ASSERT_TRUE(t) << e.key;
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].attributes, R"({"secteur":"Culture \"jeune\""})");
  EXPECT_EQ(t->rows[1].line, 4u);
  EXPECT_EQ(t->rows[1].attributes, "{}");
}

TEST(CampaignRecipients, RefusalsNameTheLine) {
  auto refused = [](const std::string& text) {
    TableError e;
    EXPECT_FALSE(parse_recipient_table(text, &e)) << text;
    return e;
  };
  EXPECT_EQ(refused("nom;secteur\na@example.org;x\n").key, "campaigns.errors.csv.address_column");
  auto many = refused("courriel;a;b;c;d;e;f\nx@example.org;1;2;3;4;5;6\n");
  EXPECT_EQ(many.key, "campaigns.errors.csv.too_many_columns");
  EXPECT_EQ(many.line, 1u);
  auto bad = refused("courriel;secteur\na@example.org;x\nb@example.org;y\npas-une-adresse;z\n");
  EXPECT_EQ(bad.key, "campaigns.errors.csv.address");
  EXPECT_EQ(bad.line, 4u);
  EXPECT_EQ(bad.params.front(), (std::pair<std::string, std::string>{"line", "4"}));
  auto twice = refused("courriel;secteur\na@example.org;x\nA@example.org;y\n");
  EXPECT_EQ(twice.key, "campaigns.errors.csv.duplicate_address");
  EXPECT_EQ(twice.line, 3u);
  EXPECT_EQ(refused("courriel;Nom\na@example.org;Dupont\n").key, "campaigns.errors.csv.identity");
  EXPECT_EQ(refused("courriel;Prénom\na@example.org;Jeanne\n").key, "campaigns.errors.csv.identity");
  EXPECT_EQ(refused("courriel;sector\na@example.org;social\n").key, "campaigns.errors.csv.reserved");
  EXPECT_EQ(refused("courriel;Secteur;secteur\na@example.org;a;b\n").key, "campaigns.errors.csv.duplicate_header");
  EXPECT_EQ(refused("courriel;  \na@example.org;a\n").key, "campaigns.errors.csv.bad_header");
  EXPECT_EQ(refused("courriel;secteur\na@example.org;" + std::string(61, 'x') + "\n").key,
            "campaigns.errors.csv.value_long");
  auto ragged = refused("courriel;secteur\na@example.org;x;y\n");
  EXPECT_EQ(ragged.key, "campaigns.errors.csv.syntax");
  EXPECT_EQ(ragged.line, 2u);
  EXPECT_EQ(refused("").key, "campaigns.errors.csv.empty");
}

TEST(CampaignRecipients, HeaderOnlyHasNoRows) {
  TableError e;
  auto t = parse_recipient_table("courriel;secteur\n", &e);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->rows.empty());
}
