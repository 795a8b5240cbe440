from studylab.topic_face import topic_page

topic_page(__file__)
