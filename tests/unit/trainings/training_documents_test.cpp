#include <gtest/gtest.h>

#include "trainings/training_documents/french.hpp"
#include "trainings/training_documents/model.hpp"

using namespace trame::training_documents;

namespace {
const std::string nb = "\u00A0";
}

TEST(TrainingDocumentsFrench, NonBreakingSpaceBeforeHighPunctuation) {
  EXPECT_EQ(french_typography("Lieu : Nantes"), "Lieu" + nb + ": Nantes");
  EXPECT_EQ(french_typography("Vraiment ?"), "Vraiment" + nb + "?");
  EXPECT_EQ(french_typography("Attention!"), "Attention" + nb + "!");
  EXPECT_EQ(french_typography("a ; b"), "a" + nb + "; b");
}

TEST(TrainingDocumentsFrench, NonBreakingSpacesInsideGuillemets) {
  EXPECT_EQ(french_typography("la formation « Pouvoir d'agir »"), "la formation «" + nb + "Pouvoir d'agir" + nb + "»");
  EXPECT_EQ(french_typography("«x»"), "«" + nb + "x" + nb + "»");
}

TEST(TrainingDocumentsFrench, LeavesUrlsAndDoubledMarksAlone) {
  EXPECT_EQ(french_typography("https://trame.local/x"), "https://trame.local/x");
  EXPECT_EQ(french_typography("Quoi ?!"), "Quoi" + nb + "?!");
  EXPECT_EQ(french_typography("deja" + nb + ":"), "deja" + nb + ":");
}

TEST(TrainingDocumentsFrench, Dates) {
  EXPECT_EQ(french_day("2027-03-12"), "12" + nb + "mars" + nb + "2027");
  EXPECT_EQ(french_day("2027-08-01"), "1er" + nb + "août" + nb + "2027");
  EXPECT_EQ(french_day("pas une date"), "pas une date");
}

TEST(TrainingDocumentsFrench, Hours) {
  EXPECT_EQ(french_hours(70 * 60), "70" + nb + "h");
  EXPECT_EQ(french_hours(3 * 60 + 30), "3" + nb + "h" + nb + "30");
  EXPECT_EQ(french_hours(5), "0" + nb + "h" + nb + "05");
  EXPECT_EQ(french_hours(-4), "0" + nb + "h");
}

TEST(TrainingDocumentsKinds, GeneratedKinds) {
  EXPECT_TRUE(is_generated_kind("certificate"));
  EXPECT_FALSE(is_generated_kind("attendance_sheet"));
  EXPECT_FALSE(is_generated_kind(""));
}

#include <cairo.h>

#include "platform/docs/pdf.hpp"

namespace {
cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
std::string small_png() {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 20);
  std::string out;
  cairo_surface_write_to_png_stream(s, append_png, &out);
  cairo_surface_destroy(s);
  return out;
}
}  // namespace

TEST(TrainingDocumentsLogo, PngLogoIsDrawnAndAnythingElseLeftOut) {
  trame::docs::PdfDocument with("logo");
  with.image(small_png());
  with.paragraph("Sagiterre");
  EXPECT_NE(with.render().find("/Subtype /Image"), std::string::npos);
  trame::docs::PdfDocument without("logo");
  without.image("\xFF\xD8\xFF not a png");
  without.paragraph("Sagiterre");
  EXPECT_EQ(without.render().find("/Subtype /Image"), std::string::npos);
}

#include "trainings/quality/model.hpp"

TEST(QualityModel, ActingForCoversOnlyManagedOrganisers) {
  trame::ActingFor none;
  EXPECT_FALSE(none.covers(1));
  trame::ActingFor some;
  some.organisations = {3, 9};
  EXPECT_TRUE(some.covers(9));
  EXPECT_FALSE(some.covers(1));
  trame::ActingFor all;
  all.all = true;
  EXPECT_TRUE(all.covers(42));
}

TEST(QualityModel, ComplaintOverdueUntilAnswered) {
  trame::quality::Complaint c;
  c.due_at = 1000;
  c.status = "assigned";
  EXPECT_FALSE(c.overdue(1000));
  EXPECT_TRUE(c.overdue(1001));
  c.status = "answered";
  EXPECT_FALSE(c.overdue(5000));
  c.status = "closed";
  EXPECT_FALSE(c.overdue(5000));
}
