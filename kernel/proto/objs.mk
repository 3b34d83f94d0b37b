KISCSI_PROTO_OBJS := pdu.o pdu_build.o digest.o text.o text_keys.o text_negot.o login.o chap.o chap_kcrypto.o
