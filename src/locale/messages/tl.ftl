# Tagalog (tl). Wants review by a native speaker before publication.

language-name = Tagalog

page-number = Pahina { $page } ng { $total }
last-reviewed = Huling sinuri: { $date }
source = Pinagmulan: { $source }
web-page = Web page: { $url }
also-in = Mayroon din sa: { $languages }
links-heading = Mga link sa babasahing ito
figure = Larawan: { $description }
image = Larawan
citation = Pagsipi: { $citation }
link-note-document = tingnan: { $title }

default-booklet-title = Babasahin para sa edukasyon ng pasyente
contents = Nilalaman
title-page = Pahina ng pamagat
online = Online: { $url }
figure-not-included = Larawan: hindi kasama ang larawan
untitled-document = Dokumentong walang pamagat
part = Bahagi
other-documents = Iba pang dokumento
general = Pangkalahatan
documents = Mga dokumento
notes = Mga tala
document-count = Mga dokumento: { $count }
part-count = Mga bahagi: { $count }
list-separator = {", "}
