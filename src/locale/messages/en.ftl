# The words mdexport adds to a handout and to the booklet, in English: every other catalogue
# falls back to these for a message it lacks. Each message says where it appears.

# The language's own name, in "Also in" lines of the other languages' pages.
language-name = English

## Handout

# The footer of every page.
page-number = Page { $page } of { $total }
# The title block.
last-reviewed = Last reviewed: { $date }
source = Source: { $source }
web-page = Web page: { $url }
# The other languages the page is published in.
also-in = Also in: { $languages }
# The heading of the numbered list of link addresses at the end.
links-heading = Links in this handout
# A figure's caption and an image without a description.
figure = Figure: { $description }
image = Image
# The title block: how the page asks to be cited.
citation = Citation: { $citation }
# A note in the list of links for a link to another page of the collection.
link-note-document = see: { $title }

## Booklet

default-booklet-title = Patient education booklet
contents = Contents
title-page = Title page
online = Online: { $url }
figure-not-included = Figure: image not included
untitled-document = Untitled document
part = Part
# Part names when the booklet is grouped.
other-documents = Other documents
general = General
documents = Documents
# The heading of a chapter's footnotes.
notes = Notes
# The title page: how many documents and parts the booklet holds.
document-count = Documents: { $count }
part-count = Parts: { $count }
# Between the names of a list ("Also in: Español, 中文").
list-separator = {", "}
