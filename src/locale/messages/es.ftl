# Español (es). Traducción: pide revisión por un hablante nativo antes de publicar.

language-name = Español

## Folleto

page-number = Página { $page } de { $total }
last-reviewed = Última revisión: { $date }
source = Fuente: { $source }
web-page = Página web: { $url }
also-in = También en: { $languages }
links-heading = Enlaces en este folleto
figure = Figura: { $description }
image = Imagen
citation = Cita: { $citation }
link-note-document = véase: { $title }

## Libro

default-booklet-title = Folleto de educación para pacientes
contents = Contenido
title-page = Página de título
online = En línea: { $url }
figure-not-included = Figura: imagen no incluida
untitled-document = Documento sin título
part = Parte
other-documents = Otros documentos
general = General
documents = Documentos
notes = Notas
document-count = Documentos: { $count }
part-count = Partes: { $count }
list-separator = {", "}
