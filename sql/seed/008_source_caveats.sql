-- Where the source document is outdated or inconsistent, and how the data deals
-- with it. Findings come from the references named by source_key.

INSERT INTO source_caveat (caveat_id, topic, source_says, finding, source_key) VALUES
    (1, 'EU size', '28 EU Member States',
     'True only from 2013-07-01 (Croatia) to 2020-01-31 (the United Kingdom''s withdrawal). The United Kingdom stays an ASEM partner, so from 2020-02-01 the EU counts 27 and the others 14.', 'S3'),
    (2, 'Asian partners', '19 Asian countries',
     'Held from October 2010 to November 2012. Bangladesh joined in 2012 and Kazakhstan in 2014, giving 21 Asian-side states; the same sentence also leaves out Norway and Switzerland on the European side.', 'S17'),
    (3, 'Other states', '13 other States in Asia',
     'Not all in Asia: Norway and Switzerland sit on the European side, Australia and New Zealand are in Oceania, Russia is in Eastern Europe. Read it as 13 partners in neither bloc.', 'S9'),
    (4, 'Organisations', 'European Union/European Commission',
     'One partner, not two: the founding European Commission, listed as the European Union since the Lisbon Treaty. The other organisation is the ASEAN Secretariat.', 'S5'),
    (5, 'Secretariat', 'ASEM Secretariat',
     'ASEM has no secretariat. ASEF, its only permanent institution, is the contact.', 'S10'),
    (6, 'Coordinators', 'Current Coordinators: Philippines and Pakistan; EEAS and Bulgaria',
     'A snapshot from about the first half of 2018; coordinators rotate, so each term is stored with its dates.', 'S12'),
    (7, 'Process name', 'Asia - European Union Meeting (ASEM)',
     'The process is the Asia-Europe Meeting.', 'S11'),
    (8, 'Established', 'Established: 2002',
     'The year of the one-off ministerial conference; the directors-general conferences began in March 2003.', 'M1'),
    (9, 'Second enlargement year', 'not stated',
     'Decided in 2006, welcomed in 2007, first summit in 2008; the data dates joining by first summit, so 2008.', 'S8');
