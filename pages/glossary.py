from studylab.study.glossary_face import glossary_page

glossary_page(__file__)
